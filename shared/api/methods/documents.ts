import { z } from 'zod';
import { NOT_UNDOABLE } from '../not-undoable.js';
import type {
  DocumentSet,
  DocumentSummary,
  ImportJob,
  ImportReport,
  ParticipantsImportResult,
  ParticipantsPreview,
  OpenedDocument,
  OpenedDocumentWithCodings,
  SpeakerSummary,
  TranscriptImportPreview,
} from '../../types/entities.js';
import { id, change, method, name, none, path } from './base.js';
import { countOf } from '../../domain/plural.js';

export const importFile = z
  .object({
    name: z.string().min(1).max(1000),
    /** The file's bytes, base64-encoded. */
    base64: z.string().max(400_000_000),
  })
  .strict();

export const documentMethods = {
  'documents.list': method<DocumentSummary[]>()(none),
  /** A document with its text; `knownHash`: the contentHash of the text the caller already has (then not sent again when it is current). */
  'documents.get': method<OpenedDocument>()(z.object({ id, knownHash: z.string().max(200).optional() }).strict()),
  /**
   * What the window asks for when it opens a document: `documents.get` and `codings.forDocument`
   * in one call (one round trip, one answer). `knownHash`: as for documents.get; `knownCodingsHash`:
   * the `hash` of the codings the caller holds (then not sent again while they are current).
   */
  'documents.open': method<OpenedDocumentWithCodings>()(
    z.object({ id, knownHash: z.string().max(200).optional(), knownCodingsHash: z.string().max(200).optional() }).strict(),
  ),
  'documents.importFiles': change<ImportReport>()(z.object({ files: z.array(importFile).min(1).max(2000) }).strict(), { notUndoable: NOT_UNDOABLE.importDocuments }),
  'documents.importPaths': change<ImportReport>()(z.object({ paths: z.array(path).min(1).max(5000) }).strict(), { notUndoable: NOT_UNDOABLE.importDocuments }),
  'documents.rename': change<DocumentSummary>()(z.object({ id, name }).strict(), { undo: (_i, d) => `Rename document to ${d.name}` }),
  'documents.delete': change<null>()(z.object({ id }).strict(), { undo: 'Delete document' }),
  /** Link a speaker to a participant (case), create a participant for it, or mark it as the interviewer. */
  'documents.updateSpeaker': change<SpeakerSummary>()(
    z
      .object({
        speakerId: id,
        caseId: id.nullable().optional(),
        newCaseName: name.optional(),
        isInterviewer: z.boolean().optional(),
      })
      .strict(),
    { undo: (_i, s) => `Edit speaker ${s.name}` },
  ),
  /**
   * Several speakers at once (the Participants dialog's bulk actions): link each to the participant
   * of its name, create participants for the unlinked ones, mark them as the interviewer, or unlink them.
   */
  'speakers.bulk': change<{ changed: number }>()(
    z.object({ speakerIds: z.array(id).min(1).max(100000), action: z.enum(['linkByName', 'createParticipants', 'interviewer', 'unlink']) }).strict(),
    {
      undo: (i) =>
        `${{ linkByName: 'Link by name', createParticipants: 'Create participants for', interviewer: 'Mark as interviewer', unlink: 'Unlink' }[i.action]} ${countOf(i.speakerIds.length, 'speaker')}`,
    },
  ),
  /** Document sets (named groups of documents), for the document list. */
  'sets.list': method<DocumentSet[]>()(none),
  /** Adds documents to a set, or to a new set named in the same step. */
  'sets.addDocuments': change<DocumentSet>()(
    z
      .object({ documentIds: z.array(id).min(1).max(100000), setId: id.optional(), newSetName: name.optional() })
      .strict()
      .refine((v) => (v.setId === undefined) !== (v.newSetName === undefined), { message: 'Choose a set, or name a new one' }),
    { undo: (i, s) => `Add ${countOf(i.documentIds.length, 'document')} to set ${s.name}` },
  ),

  /** Batch import in the background: start, poll, cancel (cancel keeps whole, completed files). */
  'imports.start': change<ImportJob>()(
    z
      .object({
        paths: z.array(path).min(1).max(5000).optional(),
        files: z.array(importFile).min(1).max(2000).optional(),
        duplicates: z.enum(['skip', 'import']).default('skip'),
        /** false: detect no speakers in these files. */
        speakers: z.boolean().optional(),
        /** Files (the preview's `source`: a path, or an uploaded file's name) in which no speakers are detected. */
        noSpeakersFor: z.array(z.string().max(5000)).max(5000).optional(),
      })
      .strict()
      .refine((v) => v.paths || v.files, { message: 'Give paths or files to import' }),
    { notUndoable: NOT_UNDOABLE.importDocuments },
  ),
  /**
   * The import preview: the speakers each file would get (one rule with the import,
   * shared/import/plain-text.ts hasSpeakerEvidence), so detection can be turned off per file or
   * for the batch before `imports.start`. Reads only; writes nothing.
   */
  'imports.preview': method<TranscriptImportPreview>()(
    z
      .object({ paths: z.array(path).min(1).max(5000).optional(), files: z.array(importFile).min(1).max(2000).optional() })
      .strict()
      .refine((v) => v.paths || v.files, { message: 'Give paths or files to preview' }),
  ),
  /**
   * A participants table (CSV bytes, decoded like transcripts): preview the inferred attribute
   * types, then import (types overridable). The one import of participants/cases: the Cases
   * panel, the Speakers dialog and `weft import-cases` all end in electron/services/participants.ts.
   */
  'participants.previewCsv': method<ParticipantsPreview>()(importFile),
  'participants.importCsv': change<ParticipantsImportResult>()(
    importFile.extend({ kinds: z.record(z.string(), z.enum(['text', 'number', 'date', 'boolean', 'category'])).optional() }).strict(),
    { undo: (i) => `Import participants from ${i.name}` },
  ),
  'imports.status': method<ImportJob>()(z.object({ id: z.string().uuid() }).strict()),
  'imports.cancel': method<ImportJob>()(z.object({ id: z.string().uuid() }).strict()),
} as const;
