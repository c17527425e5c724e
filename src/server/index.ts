export type { AlertSecrets } from './alert-routes.ts';
export type { QueuePoster } from './api-routes.ts';
export { type AppOptions, createApp } from './create-app.ts';
export { type RunningServer, type StartServerOptions, startServer } from './start-server.ts';
