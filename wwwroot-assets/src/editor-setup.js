// The editing features of the YAML editor, kept apart from the interop API in yaml-editor.js.
import { EditorState } from "@codemirror/state";
import {
  keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, placeholder as placeholderText,
} from "@codemirror/view";
import { history, historyKeymap, defaultKeymap, indentMore, indentLess } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { classHighlighter } from "@lezer/highlight";
import { yaml } from "@codemirror/lang-yaml";

export const INDENT = "  ";

// YAML forbids tabs for indentation, so Tab types spaces: two at the cursor, or indents the
// selected lines. Escape then Tab still moves focus out of the editor (CodeMirror's tab-focus mode).
function insertIndent(view) {
  if (view.state.readOnly) {
    return false;
  }
  if (view.state.selection.ranges.some((range) => !range.empty)) {
    return indentMore(view);
  }
  view.dispatch(view.state.replaceSelection(INDENT), { scrollIntoView: true, userEvent: "input" });
  return true;
}

const tabKeymap = [
  { key: "Tab", run: insertIndent },
  { key: "Shift-Tab", run: indentLess },
];

/** Everything but theme, read-only state and the change listener, which the caller adds. */
export function yamlEditing({ placeholder }) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    lintGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    EditorState.tabSize.of(2),
    indentUnit.of(INDENT),
    indentOnInput(),
    // Token classes (tok-string, tok-propertyName...) rather than generated ones: the theme colours
    // them per light/dark, and tests can find them.
    syntaxHighlighting(classHighlighter),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    yaml(),
    placeholder ? placeholderText(placeholder) : [],
    keymap.of([
      ...tabKeymap,
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...lintKeymap,
    ]),
  ];
}
