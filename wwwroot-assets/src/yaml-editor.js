// The YAML editor island: CodeMirror 6 behind a small handle-based API on window.windflowYaml,
// called from .NET through IJSRuntime (WindFlow.Web/Components/Shared/YamlEditor.razor.cs).
import { Annotation, EditorState, Compartment } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { setDiagnostics as lintDiagnostics } from "@codemirror/lint";
import { yamlEditing } from "./editor-setup.js";
import { appTheme } from "./theme.js";
import { createDiff, disposeDiff } from "./yaml-diff.js";

// Typing sends the text to the server at most once per pause, not once per keystroke.
const DEBOUNCE_MS = 250;

// Marks changes made by setText so they are not echoed back to .NET as user edits.
const fromServer = Annotation.define();

// The editor fills its host, whose height the component sets; the text scrolls inside.
const fillHost = EditorView.theme({ "&": { height: "100%" } });

const editors = new Map();
let nextHandle = 1;

function notify(editor) {
  clearTimeout(editor.timer);
  editor.timer = null;
  const text = editor.view.state.doc.toString();
  if (text === editor.lastSent) {
    return;
  }
  editor.lastSent = text;
  // A circuit that is gone rejects the call; the component is being torn down anyway.
  editor.dotNetRef.invokeMethodAsync("OnTextChanged", text).catch(() => {});
}

function create(element, dotNetRef, initialText, options) {
  const { readOnly = false, placeholder = "" } = options || {};
  const handle = nextHandle++;
  const theme = appTheme();
  const readOnlyCompartment = new Compartment();
  const editor = { view: null, dotNetRef, timer: null, lastSent: initialText || "", theme, readOnlyCompartment };
  const onChange = EditorView.updateListener.of((update) => {
    if (!update.docChanged || update.transactions.every((tr) => tr.annotation(fromServer))) {
      return;
    }
    clearTimeout(editor.timer);
    editor.timer = setTimeout(() => notify(editor), DEBOUNCE_MS);
  });
  // Leaving the editor sends a pending change at once, so a click on Save that follows typing
  // reaches the server after the text it saves.
  const onBlur = EditorView.domEventHandlers({
    blur: () => {
      if (editor.timer) {
        notify(editor);
      }
    },
  });
  editor.view = new EditorView({
    parent: element,
    state: EditorState.create({
      doc: initialText || "",
      extensions: [
        yamlEditing({ placeholder }),
        theme.extension,
        fillHost,
        readOnlyCompartment.of(readOnlyExtension(readOnly)),
        onChange,
        onBlur,
      ],
    }),
  });
  theme.track(editor.view);
  editors.set(handle, editor);
  return handle;
}

function readOnlyExtension(readOnly) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

function setText(handle, text) {
  const editor = editors.get(handle);
  if (!editor) {
    return;
  }
  const value = text || "";
  editor.lastSent = value;
  clearTimeout(editor.timer);
  editor.timer = null;
  const doc = editor.view.state.doc;
  if (doc.toString() === value) {
    return;
  }
  editor.view.dispatch({ changes: { from: 0, to: doc.length, insert: value }, annotations: fromServer.of(true) });
}

function setReadOnly(handle, readOnly) {
  const editor = editors.get(handle);
  editor?.view.dispatch({ effects: editor.readOnlyCompartment.reconfigure(readOnlyExtension(!!readOnly)) });
}

const severities = new Set(["error", "warning", "info", "hint"]);

// Server diagnostics count lines and columns from 1 (as YamlDotNet reports them); the document
// may have changed since they were computed, so both are clamped to what is there now.
function toLintDiagnostic(doc, diagnostic) {
  const lineNumber = Math.min(Math.max(1, diagnostic.line | 0), doc.lines);
  const line = doc.line(lineNumber);
  const column = Math.min(Math.max(1, diagnostic.column | 0), line.length + 1);
  const from = line.from + column - 1;
  const severity = String(diagnostic.severity || "").toLowerCase();
  return {
    from,
    to: from < line.to ? line.to : from,
    severity: severities.has(severity) ? severity : "error",
    message: String(diagnostic.message || ""),
  };
}

function setDiagnostics(handle, diagnostics) {
  const editor = editors.get(handle);
  if (!editor) {
    return;
  }
  const state = editor.view.state;
  const list = (diagnostics || []).map((d) => toLintDiagnostic(state.doc, d));
  editor.view.dispatch(lintDiagnostics(state, list));
}

function getText(handle) {
  return editors.get(handle)?.view.state.doc.toString() ?? null;
}

function focus(handle) {
  editors.get(handle)?.view.focus();
}

function dispose(handle) {
  const editor = editors.get(handle);
  if (!editor) {
    return;
  }
  clearTimeout(editor.timer);
  editor.theme.release(editor.view);
  editor.view.destroy();
  editors.delete(handle);
}

window.windflowYaml = { create, setText, setReadOnly, setDiagnostics, getText, focus, dispose, createDiff, disposeDiff };
