// The one door to the Rust side. Every failure comes back as { code, message }.

/** Invokes a Mooring command; rejects with { code, message } the UI can show as is. */
export async function call(command, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri?.core?.invoke) {
    throw { code: "no-backend", message: "Mooring's window is not connected to the app. Restart Mooring." };
  }
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === "object" && "message" in error) {
      throw { code: error.code ?? "unknown", message: String(error.message), flags: error.flags ?? [] };
    }
    throw { code: "unknown", message: String(error) };
  }
}
