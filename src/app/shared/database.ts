// WARNING: part of the main bundle. The learner's offline store (IndexedDB via Dexie).
// Everything personal is keyed by userId, so on a shared phone one learner never sees or
// sends another's data. Course content is not personal and is shared.
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { Certificate } from '../../domain/api/certificates.js';
import type { CourseSummary } from '../../domain/api/courses.js';
import type { CoursePackage } from '../../domain/course.js';
import type { EventType } from '../../domain/events.js';
import type { Answer, QuizResult } from '../../domain/scoring.js';

/** A course in a learner's list, as last fetched from the server (kept for offline use). */
export interface CatalogueEntry extends CourseSummary {
  userId: string;
  fetchedAt: number;
}

/** A downloaded course: only written once every part is stored and verified. */
export interface StoredPackage {
  courseId: string;
  version: number;
  pkg: CoursePackage;
  /** Package JSON plus its assets, in bytes. */
  bytes: number;
  storedAt: number;
}

/** A download under way: its package is here, its assets arrive one by one. */
export interface PendingDownload {
  courseId: string;
  version: number;
  pkg: CoursePackage;
  packageBytes: number;
  startedAt: number;
}

export interface StoredAsset {
  sha256: string;
  blob: Blob;
  size: number;
  mime: string;
}

export type EventStatus = 'pending' | 'synced' | 'rejected';

/** A learner event: the local record and, while pending, the outbox (docs/offline.md). */
export interface LocalEvent {
  id: string;
  userId: string;
  type: EventType;
  courseId: string;
  courseVersion: number;
  at: string;
  data: Record<string, unknown>;
  status: EventStatus;
  result?: QuizResult | null;
  reason?: string;
}

/** Answers of a quiz in progress, so they survive closing the app. */
export interface QuizDraft {
  userId: string;
  courseId: string;
  quizId: string;
  attemptId: string;
  startedAt: string;
  responses: Record<string, Answer>;
  updatedAt: number;
}

/**
 * A learner's certificate as the server listed it, with its PDF for offline use. `pdf` is
 * null until it arrives, and again once the certificate is revoked.
 */
export interface StoredCertificate extends Certificate {
  userId: string;
  pdf: Blob | null;
  fetchedAt: number;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export class SinauDatabase extends Dexie {
  meta!: EntityTable<MetaRecord, 'key'>;
  catalogue!: Table<CatalogueEntry, [string, string]>;
  packages!: EntityTable<StoredPackage, 'courseId'>;
  downloads!: EntityTable<PendingDownload, 'courseId'>;
  assets!: EntityTable<StoredAsset, 'sha256'>;
  events!: EntityTable<LocalEvent, 'id'>;
  drafts!: Table<QuizDraft, [string, string, string]>;
  certificates!: Table<StoredCertificate, [string, string]>;

  constructor(name = 'sinau') {
    super(name);
    // Schema history: add a new version() below for every change, never edit one that
    // shipped; Dexie upgrades in place and keeps every row (the outbox above all).
    this.version(1).stores({
      meta: 'key',
      catalogue: '[userId+id], userId',
      packages: 'courseId',
      downloads: 'courseId',
      assets: 'sha256',
      events: 'id, [userId+status], [userId+courseId]',
      drafts: '[userId+courseId+quizId]',
    });
    this.version(2).stores({ certificates: '[userId+code], [userId+courseId], userId' });
  }
}

export const db = new SinauDatabase();
