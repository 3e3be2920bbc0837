import { render } from 'preact';
import '../shared/styles.css';
import './kiosk.css';
import { App } from './app.tsx';
import { LedgerAlarmBanner } from '../shared/ledger-alarm.tsx';
import { startSender } from './outbox.ts';
import { startOfflineCopy } from './updates.ts';

startSender();
startOfflineCopy();
render(
  <>
    <LedgerAlarmBanner />
    <App />
  </>,
  document.getElementById('app')!,
);
