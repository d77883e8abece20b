-- Reserved for issue 8 (cases, attributes, queries, full-text search).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
SELECT 1;
