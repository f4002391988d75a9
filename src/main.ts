import { bootstrapApplication } from '@angular/platform-browser';

import { App } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(App, appConfig).catch((error: unknown) => {
  // Most likely /config.json could not be loaded: say so instead of a blank page.
  console.error(error);
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.className = 'startup-problem';
  message.textContent =
    'The app could not start: its configuration (/config.json) could not be loaded from the main server. ' +
    'Check the connection to the community Wi-Fi and reload the page.';
  document.body.prepend(message);
});
