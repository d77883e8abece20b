-- The next position among siblings (`max(position)` of a parent's codes or themes) is read for
-- every code or theme created. Without an index ending in `position` SQLite visits every sibling,
-- which made importing a flat 20,000-row codebook quadratic (101 s). These indexes answer it in
-- one lookup.
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
CREATE INDEX codes_sibling_position ON codes(ifnull(parent_id, 0), position);
CREATE INDEX themes_sibling_position ON themes(ifnull(parent_id, 0), position);
