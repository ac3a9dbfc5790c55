// WARNING: part of the main bundle. The frame every screen shares, and the routes.
// Screens other than the first are lazy chunks, precached by the service worker.

import { useEffect, useRef } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import { UpdateBanner } from './components/AppBanners.js';
import { Header } from './components/Header.js';
import { SyncStatus } from './components/SyncStatus.js';
import { refreshCatalogue } from './courses/catalogue.js';
import { Home } from './screens/Home.js';
import { Login } from './screens/Login.js';
import { useSession } from './session.js';
import { startSyncTriggers } from './sync/engine.js';

const Course = lazy(() => import('./screens/Course.js').then((m) => m.Course));
const Lesson = lazy(() => import('./screens/Lesson.js').then((m) => m.Lesson));
const Quiz = lazy(() => import('./screens/Quiz.js').then((m) => m.Quiz));
const Survey = lazy(() => import('./screens/Survey.js').then((m) => m.Survey));
// Anyone's, logged in or not: where a certificate's QR leads.
const Verify = lazy(() => import('./screens/Verify.js').then((m) => m.Verify));
// Administrators only: a chunk a learner never downloads.
const Dashboard = lazy(() => import('./admin/Dashboard.js').then((m) => m.Dashboard));

// Certificates' background work (the public key, the learner's certificates after a sync),
// at idle, so it never delays the first paint.
const whenIdle = (run: () => void) =>
  'requestIdleCallback' in window ? requestIdleCallback(run, { timeout: 10_000 }) : setTimeout(run, 3_000);
whenIdle(() => void import('./certificates/background.js').catch(() => undefined));

export function App() {
  return (
    <LocationProvider>
      <Shell />
    </LocationProvider>
  );
}

function Shell() {
  const user = useSession((s) => s.user);
  const token = useSession((s) => s.token);
  const { path } = useLocation();
  const inLesson = /\/pelajaran\/|\/kuis\/|\/survei$/.test(path);
  const verifying = path.startsWith('/v/');

  // After an in-app navigation, a screen reader and the keyboard start at the new heading.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (!heading) return;
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }, 50);
    return () => clearTimeout(timer);
  }, [path]);

  useEffect(() => (user ? startSyncTriggers() : undefined), [user?.id]);

  useEffect(() => {
    if (!token) return;
    void refreshCatalogue();
    const online = () => void refreshCatalogue();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [token]);

  return (
    <>
      <a class="skip" href="#main">
        Lewati ke isi / Skip to content
      </a>
      <Header />
      {user && <SyncStatus />}
      {/* A new version never takes over in the middle of a lesson or a quiz. */}
      {!inLesson && <UpdateBanner />}
      <main id="main" tabIndex={-1}>
        {!user && !verifying ? (
          <Login />
        ) : (
          <ErrorBoundary>
            <Router>
              <Route path="/" component={Home} />
              <Route path="/kursus/:courseId" component={Course} />
              <Route path="/kursus/:courseId/pelajaran/:lessonId" component={Lesson} />
              <Route path="/kursus/:courseId/kuis/:quizId" component={Quiz} />
              <Route path="/kursus/:courseId/survei" component={Survey} />
              {/* `*`: also /admin/sessions/:id, the check-in screen, in the same chunk. */}
              <Route path="/admin/:section*" component={Dashboard} />
              {/* The one screen for anyone, logged in or not. */}
              <Route path="/v/:code*" component={Verify} />
              <Route default component={Home} />
            </Router>
          </ErrorBoundary>
        )}
      </main>
    </>
  );
}
