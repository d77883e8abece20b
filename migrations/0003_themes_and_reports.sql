-- Reserved for issue 5 (themes, quotes, reports).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
SELECT 1;
