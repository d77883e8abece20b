/**
 * Every key the window answers to, in one list: the README's Keyboard table is this list, row for
 * row, and each entry names the modules that handle it (paths under renderer/).
 * tests/docs/keyboard.test.ts checks both ways: the README table equals this list, every module
 * named here handles keys, and every module with a key handler is named here — so a new shortcut
 * cannot be added without its row. Keys are written for Windows and Linux; ⌘ stands for Ctrl on
 * a Mac where it says so.
 */
export interface Shortcut {
  /** The keys, as the README shows them. */
  keys: string;
  /** What they do, and where. */
  action: string;
  /** The modules (under renderer/) whose key handlers do it. */
  handledIn: readonly string[];
}

export const KEYBOARD: readonly Shortcut[] = [
  { keys: '1 – 9', action: 'Apply one of your last-used codes (the *recent codes* strip, most recent first) to the selection', handledIn: ['features/coding/useCodingKeys.ts'] },
  { keys: 'Ctrl+K (⌘K)', action: 'Quick-code palette: search codes, Enter applies; a new name + Enter creates and applies it', handledIn: ['features/coding/useCodingKeys.ts', 'features/coding/QuickCodePalette.tsx'] },
  { keys: '↑ / ↓ (in the quick-code palette)', action: 'Choose among the matching codes (Enter applies the chosen one)', handledIn: ['features/coding/QuickCodePalette.tsx'] },
  { keys: 'Ctrl+I (⌘I)', action: 'In-vivo code: the selected words become a new code, applied to them', handledIn: ['features/coding/useCodingKeys.ts'] },
  { keys: 'Ctrl+Shift+P (⌘⇧P)', action: 'Select the paragraph or speaker turn with the caret and open the palette', handledIn: ['features/coding/useCodingKeys.ts'] },
  { keys: 'Ctrl+Z (⌘Z) / Ctrl+Shift+Z or Ctrl+Y (⌘⇧Z)', action: 'Undo / redo the last change (coding view and Themes view)', handledIn: ['features/workspace/useUndoKeys.ts'] },
  { keys: 'Arrows, Home / End (in the transcript)', action: 'Move a caret; with Shift, select text (Ctrl: by word; Ctrl+↑ / ↓: by paragraph)', handledIn: ['features/documents/DocumentView.tsx'] },
  { keys: 'Enter (caret in a highlight)', action: 'Open the coding details: memo, remove, adjust boundaries', handledIn: ['features/documents/DocumentView.tsx'] },
  { keys: 'Shift+Alt+← / →', action: 'Move the end of the active coding (click its stripe, or *Adjust boundaries*)', handledIn: ['features/coding/useCodingKeys.ts'] },
  { keys: 'Shift+Alt+↑ / ↓', action: 'Move the start of the active coding', handledIn: ['features/coding/useCodingKeys.ts'] },
  { keys: '← / → on a boundary handle (Ctrl: by word)', action: 'Move that end of the active coding; Enter finishes', handledIn: ['features/documents/DocumentView.tsx', 'features/documents/Paragraph.tsx'] },
  { keys: '↑ / ↓, → / ← (on a code)', action: 'Go to the next / previous code; open / close a code’s sub-codes', handledIn: ['features/codebook/CodesPanel.tsx'] },
  { keys: 'Alt+↑ / Alt+↓ (on a code)', action: 'Move the code up or down among its siblings', handledIn: ['features/codebook/CodesPanel.tsx'] },
  { keys: 'Tab / Shift+Tab (on a code)', action: 'Nest the code under the one above / move it out one level', handledIn: ['features/codebook/CodesPanel.tsx'] },
  { keys: 'F2 / Delete (on a code)', action: 'Edit the code / delete it (after a confirmation)', handledIn: ['features/codebook/CodesPanel.tsx'] },
  { keys: 'Space (on a code)', action: 'Add it to (or remove it from) the codes selected for retrieval', handledIn: ['features/codebook/CodesPanel.tsx'] },
  { keys: 'Enter (in *New code…*)', action: 'Create the code', handledIn: ['features/codebook/CodesPanel.tsx'] },
  { keys: 'Alt+1 … Alt+5', action: 'Switch views', handledIn: ['features/workspace/Workspace.tsx'] },
  { keys: 'F1', action: 'Show this list of keys in the window (also *Project ▾ › Keyboard shortcuts*)', handledIn: ['features/workspace/Workspace.tsx'] },
  { keys: 'Ctrl+Space (⌃Space)', action: 'Play / pause the document’s recording (coding view)', handledIn: ['features/media/useMediaKeys.ts'] },
  { keys: 'Alt+← / Alt+→', action: 'Recording: back / forward 5 seconds', handledIn: ['features/media/useMediaKeys.ts'] },
  { keys: 'Alt+↓ / Alt+↑ (not on a code)', action: 'Recording: slower / faster (0.5× … 2×)', handledIn: ['features/media/useMediaKeys.ts'] },
  { keys: '← / → on the waveform (↓ / ↑ too)', action: 'Recording: back / forward 5 seconds (the waveform under an audio player is a slider)', handledIn: ['features/media/Waveform.tsx'] },
  { keys: 'PageDown / PageUp on the waveform', action: 'Recording: back / forward 30 seconds', handledIn: ['features/media/Waveform.tsx'] },
  { keys: 'Home / End on the waveform', action: 'Recording: to its beginning / its end', handledIn: ['features/media/Waveform.tsx'] },
  { keys: 'Ctrl+Shift+F (⌘⇧F)', action: 'Coding view: focus mode on/off (only the transcript and the codebook; also the *Focus* button)', handledIn: ['features/coding/CodingView.tsx'] },
  { keys: '← / → on a pane splitter (Shift: 4× further)', action: 'Coding view: narrow or widen the document list, the codebook or the side panel', handledIn: ['components/Splitter.tsx'] },
  { keys: 'Home / End on a pane splitter', action: 'Make that pane as narrow / as wide as it goes', handledIn: ['components/Splitter.tsx'] },
  { keys: 'Enter on a pane splitter', action: 'Hide that pane (its slim rail, *Show documents* / *Show codes*, brings it back)', handledIn: ['components/Splitter.tsx'] },
  { keys: 'Enter or Space on a theme in the thematic map', action: 'Open or close it (show or hide its sub-themes and codes)', handledIn: ['features/themes/ThemeMap.tsx'] },
  { keys: 'Arrows (Shift: further) on a node in the thematic map', action: 'Move the node', handledIn: ['features/themes/ThemeMap.tsx'] },
  { keys: 'Enter / Esc (in a theme’s name on the board)', action: 'Keep the new name / go back to the old one', handledIn: ['features/themes/ThemeBoard.tsx'] },
  { keys: 'Ctrl+Enter (⌘Enter) / Esc (in a theme’s definition on the board)', action: 'Keep the definition / go back to the old one', handledIn: ['features/themes/ThemeBoard.tsx'] },
  { keys: '← / → (Consensus)', action: 'The previous / next disagreement', handledIn: ['features/team/ConsensusPanel.tsx'] },
  { keys: '1 / 2 / 3 / 0 (Consensus)', action: 'Decide: accept coder A’s / coder B’s codes, both, neither', handledIn: ['features/team/ConsensusPanel.tsx'] },
  { keys: '← / → on the Analysis section tabs', action: 'The previous / next section', handledIn: ['features/analysis/AnalysisView.tsx'] },
  { keys: 'Enter or Space on a co-occurrence cell', action: 'Show the passages where those two codes meet', handledIn: ['features/analysis/charts/HeatMap.tsx'] },
  { keys: 'Enter / Esc (in a cell of the Cases table)', action: 'Keep the value / go back to the old one', handledIn: ['features/analysis/CasesPanel.tsx'] },
  { keys: 'F2 (on a document in the list)', action: 'Rename it in place; Enter keeps the name, Esc cancels', handledIn: ['features/documents/DocumentList.tsx'] },
  { keys: 'Shift+F10 or the context-menu key (on a document)', action: 'Its menu: rename, add to a set or a new set, speakers', handledIn: ['features/documents/DocumentList.tsx'] },
  { keys: '↓, Enter or Space on a menu button (*Import ▾*, *Project ▾*, a theme’s ⋯)', action: 'Open the menu; ↑ / ↓ move, Home / End go to the first / last item, Enter picks, Esc closes', handledIn: ['components/Menu.tsx'] },
  { keys: 'Enter (in a dialog’s path or passphrase field)', action: 'Do what the dialog’s main button does (choose the file, create the project, write the copy)', handledIn: ['components/FileDialog.tsx', 'features/exchange/ImportProjectDialog.tsx', 'features/exchange/KeyFileFields.tsx'] },
  { keys: 'Tab / Shift+Tab (in a dialog)', action: 'Move among its controls; focus stays inside the dialog', handledIn: ['components/Modal.tsx'] },
  {
    keys: 'Esc',
    action: 'Close the popover, a menu or a dialog; stop adjusting a coding; clear the selection',
    handledIn: ['features/coding/useCodingKeys.ts', 'features/coding/CodingPopover.tsx', 'components/Modal.tsx', 'features/team/CoderBar.tsx'],
  },
];
