/** Raw row shapes of project tables, for services that read whole rows (exchange, merge). */

/** A row of the `memos` table. */
export interface MemoTableRow {
  id: number;
  guid: string;
  title: string;
  body: string;
  document_id: number | null;
  code_id: number | null;
  theme_id: number | null;
  coding_id: number | null;
  case_id: number | null;
  coder_id: number | null;
  created_at: string;
  updated_at: string;
}
