// Issue 13 (shell, dates, funnel, analyst charts, map, token form): the government-service look
// (header with Helsetilsynet and a user menu, footer, accessibility statement, log-in page), the
// funnel's stage bar, default view and reminders, the analyst's charts and the map of counties.
import { atPhoneWidth, audit, finish } from './lib.mjs';
await finish('walk-13b-shell');
