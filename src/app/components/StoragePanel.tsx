// WARNING: part of the main bundle. Space each downloaded course uses, its media per
// lesson, space left, and whether the browser promised to keep our data: all of it in a
// chunk of its own (courses/StorageDetails.tsx), loaded once a course is on the phone.
import { ErrorBoundary, lazy } from 'preact-iso';
import { useLiveQuery } from '../db/live.js';
import { db } from '../shared/database.js';

const StorageDetails = lazy(() => import('../courses/StorageDetails.js').then((m) => m.StorageDetails));

export function StoragePanel() {
  const stored = useLiveQuery(() => db.packages.count(), []);
  return stored ? (
    <ErrorBoundary>
      <StorageDetails />
    </ErrorBoundary>
  ) : null;
}
