// The message catalogues, one module per area of the app, each a namespace of its own: a text is
// read by its path, area first ('admin.token.name', 'common.status.SUBMITTED'). Each module's
// Bokmål object is the source of its groups and texts; its Nynorsk and English objects are typed
// against it, so a missing text fails the type check.
import type { Leaves, Messages } from './types';
import * as admin from './admin';
import * as between from './between';
import * as campaigns from './campaigns';
import * as common from './common';
import * as county from './county';
import * as forms from './forms';
import * as funnel from './funnel';
import * as leader from './leader';
import * as map from './map';
import * as plan from './plan';
import * as privacy from './privacy';
import * as questionnaire from './questionnaire';
import * as redaction from './redaction';
import * as register from './register';
import * as results from './results';
import * as roundtwo from './roundtwo';
import * as shell from './shell';
import * as totals from './totals';

export const modules = { admin, between, campaigns, common, county, forms, funnel, leader, map, plan, privacy, questionnaire, redaction, register, results, roundtwo, shell, totals };

export const nb = { admin: admin.nb, between: between.nb, campaigns: campaigns.nb, common: common.nb, county: county.nb, forms: forms.nb, funnel: funnel.nb, leader: leader.nb, map: map.nb, plan: plan.nb, privacy: privacy.nb, questionnaire: questionnaire.nb, redaction: redaction.nb, register: register.nb, results: results.nb, roundtwo: roundtwo.nb, shell: shell.nb, totals: totals.nb };
export type Catalogue = Messages<typeof nb>;
export type MessageKey = Leaves<typeof nb>;
export const nn: Catalogue = { admin: admin.nn, between: between.nn, campaigns: campaigns.nn, common: common.nn, county: county.nn, forms: forms.nn, funnel: funnel.nn, leader: leader.nn, map: map.nn, plan: plan.nn, privacy: privacy.nn, questionnaire: questionnaire.nn, redaction: redaction.nn, register: register.nn, results: results.nn, roundtwo: roundtwo.nn, shell: shell.nn, totals: totals.nn };
export const en: Catalogue = { admin: admin.en, between: between.en, campaigns: campaigns.en, common: common.en, county: county.en, forms: forms.en, funnel: funnel.en, leader: leader.en, map: map.en, plan: plan.en, privacy: privacy.en, questionnaire: questionnaire.en, redaction: redaction.en, register: register.en, results: results.en, roundtwo: roundtwo.en, shell: shell.en, totals: totals.en };
