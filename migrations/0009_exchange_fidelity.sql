-- Issue 15 (minor exchange items): what a REFI-QDA file said, kept so an export says the same.
-- `codes.color_given` = 0 for a code whose source file gave no colour: the code still has a
-- palette colour to show in the app (`color` stays NOT NULL), but a .qdpx/.qdc export leaves
-- the colour attribute out. Setting the colour in Weft makes it 1. Every existing code had a
-- colour chosen in Weft or read from a file, so the default is 1.
-- `guid_spellings`: the spelling a foreign file used for a GUID that is not plain lower case
-- (e.g. MAXQDA's upper case). Weft matches GUIDs in lower case (the `guid` columns stay lower
-- case, so every lookup and merge is unchanged); an export writes the GUID as the source did.
-- Keyed by the lower-case GUID (GUIDs are unique across tables); `lower(spelling) = guid`.
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
ALTER TABLE codes ADD COLUMN color_given INTEGER NOT NULL DEFAULT 1 CHECK (color_given IN (0, 1));

CREATE TABLE guid_spellings (
  guid     TEXT PRIMARY KEY CHECK (guid = lower(guid)),
  spelling TEXT NOT NULL CHECK (lower(spelling) = guid AND spelling <> guid)
) STRICT, WITHOUT ROWID;
