import { render } from 'preact';
import { App } from './App.js';
import { registerServiceWorker } from './pwa.js';
import { useSession } from './session.js';
import './styles.css';

document.documentElement.lang = useSession.getState().lang;
render(<App />, document.getElementById('app')!);
registerServiceWorker();
