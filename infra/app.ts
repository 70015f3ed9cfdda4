import { buildNaseejApp } from './naseej-app.js';

// Entry point of `cdk synth` / `cdk deploy` (see cdk.json); the CLI synthesizes the app on exit.
buildNaseejApp();
