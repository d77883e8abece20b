-- Reserved for issue 9 (coders, merging, consensus).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
SELECT 1;
