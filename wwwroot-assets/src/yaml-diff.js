// Side-by-side, read-only diff of two YAML texts (e.g. two stack versions) with @codemirror/merge.
import { EditorState } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";
import { syntaxHighlighting } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { yaml } from "@codemirror/lang-yaml";
import { MergeView } from "@codemirror/merge";
import { appTheme } from "./theme.js";

const diffs = new Map();
let nextHandle = 1;

function side(text, theme) {
  return {
    doc: text || "",
    extensions: [
      lineNumbers(),
      syntaxHighlighting(classHighlighter),
      yaml(),
      theme.extension,
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
    ],
  };
}

export function createDiff(element, leftText, rightText) {
  const left = appTheme();
  const right = appTheme();
  const view = new MergeView({
    a: side(leftText, left),
    b: side(rightText, right),
    parent: element,
    gutter: true,
    // Compose files are mostly unchanged between versions: show the changes with some context.
    collapseUnchanged: { margin: 3, minSize: 6 },
  });
  left.track(view.a);
  right.track(view.b);
  const handle = nextHandle++;
  diffs.set(handle, { view, left, right });
  return handle;
}

export function disposeDiff(handle) {
  const diff = diffs.get(handle);
  if (!diff) {
    return;
  }
  diff.left.release(diff.view.a);
  diff.right.release(diff.view.b);
  diff.view.destroy();
  diffs.delete(handle);
}
