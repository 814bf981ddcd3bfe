// Small helpers for building screens without a framework.

/** Creates an element: h("p", { class: "muted" }, "text", child...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, value);
    }
  }
  element.append(...present(children));
  return element;
}

/** Replaces `element`'s children, skipping null, undefined and false as `h` does. */
export function fill(element, ...children) {
  element.replaceChildren(...present(children));
}

function present(children) {
  return children.flat().filter((child) => child !== null && child !== undefined && child !== false);
}

/**
 * The whole number of client sessions in a number field, or null when it is empty; throws
 * `{ message }` for anything else, since WebKitGTK shows no message of its own.
 */
export function sessionsIn(field) {
  if (field.value === "" && !field.validity.badInput) return null;
  const sessions = Number(field.value);
  if (field.validity.badInput || !Number.isInteger(sessions) || sessions < 0 || sessions > 80) {
    throw { message: "Enter a whole number of sessions, from 0 to 80." };
  }
  return sessions;
}

/** A screen's heading block: a title and an optional line under it. */
export function screenHeader(title, subtitle) {
  return h("header", { class: "screen-header" }, h("h1", {}, title), subtitle ? h("p", { class: "subtitle" }, subtitle) : null);
}

/** A calm panel for "nothing here yet". */
export function emptyState(title, text) {
  return h("section", { class: "empty-state" }, h("h2", {}, title), h("p", {}, text));
}

/** A panel that explains a failure in the user's words. */
export function errorState(error) {
  return h(
    "section",
    { class: "error-state", role: "alert" },
    h("h2", {}, "Something needs your attention"),
    h("p", {}, error?.message ?? String(error)),
  );
}

/** A screen whose feature has not landed yet, saying so plainly. */
export function notBuiltYet(title, subtitle, text) {
  return h("div", { class: "stack" }, screenHeader(title, subtitle), emptyState("Nothing here yet", text));
}

/**
 * Runs `draw`, which replaces or moves part of the screen, then puts the focus back where the
 * hand was: on the same control if it is still there, else on the new one with its id or
 * `data-focus-key`.
 */
export function keepingFocus(draw) {
  const before = document.activeElement;
  const id = before?.id;
  const key = before?.dataset?.focusKey;
  const drawn = draw();
  const settle = () => {
    if (!before || before === document.body || document.activeElement === before) return;
    const again = document.contains(before)
      ? before
      : (id && document.getElementById(id)) || (key && document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`));
    again?.focus();
  };
  return drawn instanceof Promise ? drawn.then(settle) : settle();
}
