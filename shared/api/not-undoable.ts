/**
 * The confirmations for changes that cannot be undone (declared `{ notUndoable }` in the contract,
 * shared/api/methods): the UI shows them BEFORE making the change. Kept apart from the contract so
 * the renderer can show them without loading every schema.
 */
export const NOT_UNDOABLE = {
  importDocuments:
    'Importing documents cannot be undone as a whole: each file is imported on its own, and Undo forgets the changes made before the import. Imported documents can be deleted one by one afterwards (each deletion can be undone). Import?',
} as const;
