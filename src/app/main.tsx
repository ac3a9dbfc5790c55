import { render } from 'preact';
import { App } from './App.js';
import { loadLanguage } from './i18n.js';
import { registerServiceWorker } from './pwa.js';
import { useSession } from './session.js';
import './styles.css';

const { lang } = useSession.getState();
document.documentElement.lang = lang;
// A learner who chose English gets it before the first paint (from the offline cache).
void (lang === 'id' ? Promise.resolve() : loadLanguage(lang)).finally(() => render(<App />, document.getElementById('app')!));
registerServiceWorker();
