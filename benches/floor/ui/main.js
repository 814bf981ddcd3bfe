// Asks the Rust side for one thing, draws it, and says so two frames later, as Mooring's Home does.

const { invoke } = window.__TAURI__.core;
document.getElementById("greeting").textContent = await invoke("greeting");
requestAnimationFrame(() => requestAnimationFrame(() => invoke("painted")));
