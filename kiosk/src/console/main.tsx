import { render } from 'preact';
import '../shared/styles.css';
import './console.css';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
