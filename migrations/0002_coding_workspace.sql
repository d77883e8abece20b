-- Reserved for issue 4 (coding workspace: undo, memos, retrieval).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
SELECT 1;
