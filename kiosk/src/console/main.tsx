import { render } from 'preact';
import '../shared/styles.css';
import './console.css';
import { App } from './app.tsx';
import { LedgerAlarmBanner } from '../shared/ledger-alarm.tsx';

render(
  <>
    <LedgerAlarmBanner />
    <App />
  </>,
  document.getElementById('app')!,
);
