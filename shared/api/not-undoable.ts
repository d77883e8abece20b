/**
 * The confirmations for changes that cannot be undone (declared `{ notUndoable }` in the contract,
 * shared/api/methods): the UI shows them BEFORE making the change. Kept apart from the contract so
 * the renderer can show them without loading every schema.
 */
export const NOT_UNDOABLE = {
  importDocuments:
    'Importing documents cannot be undone as a whole: each file is imported on its own, and Undo forgets the changes made before the import. Imported documents can be deleted one by one afterwards (each deletion can be undone). Import?',
  syncPublish:
    'Publishing sends the whole project to the team server, where every member you add can see it, and from then on every change is shared. It cannot be undone (the project stays on the server), and Undo forgets the changes made before it. Publish?',
  syncNow:
    'Syncing brings in your team’s changes. They cannot be undone here, and Undo forgets the changes made before them. Sync now?',
  syncRestore:
    'Restoring puts the lost value back for everyone on the team. It cannot be undone as a step (the value it replaces stays in the conflict list, to restore in turn), and Undo forgets the changes made before it. Restore?',
} as const;
