import { render } from 'preact';
import '../shared/styles.css';
import './kiosk.css';
import { App } from './app.tsx';
import { startSender } from './outbox.ts';

startSender();
render(<App />, document.getElementById('app')!);
