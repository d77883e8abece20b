import type { ProjectSummary } from '../../shared/types/entities.js';
import type { DB } from '../db/connection.js';

export function projectSummary(db: DB): ProjectSummary {
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    documents: one('SELECT count(*) FROM documents'),
    words: one('SELECT ifnull(sum(word_count), 0) FROM documents'),
    codes: one('SELECT count(*) FROM codes'),
    codings: one('SELECT count(*) FROM codings'),
    coders: one('SELECT count(*) FROM coders'),
    cases: one('SELECT count(*) FROM cases'),
    themes: one('SELECT count(*) FROM themes'),
    memos: one('SELECT count(*) FROM memos'),
  };
}
