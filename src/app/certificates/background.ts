// What certificates need while the app is open, started at idle when App.tsx imports this
// module, so none of it is in the main bundle: the public key kept from the first open (logged in or not), and the
// learner's certificates fetched after a sync that may have completed a course.
import { refreshServerProgress } from '../courses/catalogue.js';
import { useSession } from '../session.js';
import { useSync } from '../sync/engine.js';
import { certificatesAfterSync, keepPublicKey } from './store.js';

function afterSync(): void {
  const user = useSession.getState().user;
  if (!user || !navigator.onLine) return;
  // After the server's progress of courses not downloaded here: a course completed on
  // another device counts from it.
  void refreshServerProgress()
    .then(() => certificatesAfterSync(user.id))
    .catch(() => undefined);
}

// Importing the module starts it: App.tsx's one line for it stays as small as it can be.
void keepPublicKey();
useSync.subscribe((now, before) => {
  if (before.running && !now.running && !now.failure) afterSync();
});
// The first sync of this session may have ended before this started.
if (!useSync.getState().running) afterSync();
