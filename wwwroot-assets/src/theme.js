// Colours for the YAML editor and diff. The chrome uses Radzen's CSS variables, so it follows the
// app's theme by itself; token colours need a light and a dark palette, chosen through
// EditorView.darkTheme, which appTheme() keeps in step with the Radzen theme the page has loaded.
import { Compartment } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

const mono = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

export const windflowTheme = EditorView.baseTheme({
  "&": {
    backgroundColor: "var(--rz-base-background-color, #fff)",
    color: "var(--rz-text-color, #222)",
    border: "1px solid var(--rz-base-300, #ddd)",
    borderRadius: "var(--rz-border-radius, 4px)",
    fontSize: "13px",
  },
  "&.cm-focused": { outline: "2px solid var(--rz-primary, #4340d2)", outlineOffset: "-1px" },
  ".cm-scroller": { fontFamily: mono, lineHeight: "1.5" },
  ".cm-gutters": {
    backgroundColor: "var(--rz-base-100, #f5f5f5)",
    color: "var(--rz-text-secondary-color, #666)",
    borderRight: "1px solid var(--rz-base-300, #ddd)",
  },
  "&dark .cm-gutters": { backgroundColor: "var(--rz-base-900, #1e1e1e)" },
  ".cm-activeLine": { backgroundColor: "var(--rz-primary-lighter, rgba(67, 64, 210, 0.08))" },
  ".cm-activeLineGutter": { backgroundColor: "var(--rz-primary-lighter, rgba(67, 64, 210, 0.08))" },
  ".cm-cursor": { borderLeftColor: "var(--rz-text-color, #222)" },
  ".cm-placeholder": { color: "var(--rz-text-disabled-color, #999)" },
  "&light .tok-propertyName, &light .tok-definition": { color: "#7a3e9d" },
  "&light .tok-string": { color: "#0b7a3e" },
  "&light .tok-number, &light .tok-bool, &light .tok-null, &light .tok-atom": { color: "#005cc5" },
  "&light .tok-comment": { color: "#6a737d", fontStyle: "italic" },
  "&light .tok-keyword, &light .tok-meta, &light .tok-labelName": { color: "#b3261e" },
  "&light .tok-punctuation, &light .tok-separator": { color: "#586069" },
  "&dark .tok-propertyName, &dark .tok-definition": { color: "#d2a8ff" },
  "&dark .tok-string": { color: "#7ee787" },
  "&dark .tok-number, &dark .tok-bool, &dark .tok-null, &dark .tok-atom": { color: "#79c0ff" },
  "&dark .tok-comment": { color: "#8b949e", fontStyle: "italic" },
  "&dark .tok-keyword, &dark .tok-meta, &dark .tok-labelName": { color: "#ff7b72" },
  "&dark .tok-punctuation, &dark .tok-separator": { color: "#a0a8b0" },
});

// Radzen swaps the href of its theme <link> (material-base.css <-> material-dark-base.css); the
// link is what the page shows right now, whatever set it. Outside the app (no link)
// the OS preference decides.
export function isDarkTheme() {
  const link = document.getElementById("radzen-theme-link");
  if (link) {
    return /dark/i.test(link.getAttribute("href") || "");
  }
  return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

const views = new Set();
let observer = null;

function applyToAll() {
  const dark = isDarkTheme();
  for (const { view, compartment } of views) {
    view.dispatch({ effects: compartment.reconfigure(EditorView.darkTheme.of(dark)) });
  }
}

// One observer for every editor on the page; Blazor may re-render the <link>, so the whole
// <head> is watched rather than the element.
function watchTheme() {
  if (observer) {
    return;
  }
  observer = new MutationObserver(applyToAll);
  observer.observe(document.head, { subtree: true, childList: true, attributes: true, attributeFilter: ["href"] });
}

/** An extension that follows the app theme; call release(view) when the view is destroyed. */
export function appTheme() {
  const compartment = new Compartment();
  return {
    extension: [windflowTheme, compartment.of(EditorView.darkTheme.of(isDarkTheme()))],
    track(view) {
      views.add({ view, compartment });
      watchTheme();
    },
    release(view) {
      for (const entry of views) {
        if (entry.view === view) {
          views.delete(entry);
        }
      }
      if (views.size === 0 && observer) {
        observer.disconnect();
        observer = null;
      }
    },
  };
}
