// The message catalogues, one module per area of the app. Each module's Bokmål object is the
// source of its keys; its Nynorsk and English objects are typed against it, so a missing text
// fails the type check. A test checks that no key is defined by two modules.
import * as admin from './admin';
import * as between from './between';
import * as campaigns from './campaigns';
import * as common from './common';
import * as county from './county';
import * as forms from './forms';
import * as leader from './leader';
import * as plan from './plan';
import * as privacy from './privacy';
import * as questionnaire from './questionnaire';
import * as redaction from './redaction';
import * as register from './register';
import * as results from './results';
import * as roundtwo from './roundtwo';
import * as totals from './totals';
import * as shell from './shell';
import * as funnel from './funnel';
import * as map from './map';
export const modules = { admin, between, campaigns, common, county, forms, funnel, leader, map, plan, privacy, questionnaire, redaction, register, results, roundtwo, shell, totals };

export const nb = { ...common.nb, ...forms.nb, ...county.nb, ...results.nb, ...admin.nb, ...redaction.nb, ...privacy.nb, ...roundtwo.nb, ...register.nb, ...campaigns.nb, ...questionnaire.nb, ...totals.nb, ...plan.nb, ...between.nb, ...leader.nb, ...shell.nb, ...funnel.nb, ...map.nb };
export type MessageKey = keyof typeof nb;
export type Catalogue = Record<MessageKey, string>;
export const nn: Catalogue = { ...common.nn, ...forms.nn, ...county.nn, ...results.nn, ...admin.nn, ...redaction.nn, ...privacy.nn, ...roundtwo.nn, ...register.nn, ...campaigns.nn, ...questionnaire.nn, ...totals.nn, ...plan.nn, ...between.nn, ...leader.nn, ...shell.nn, ...funnel.nn, ...map.nn };
export const en: Catalogue = { ...common.en, ...forms.en, ...county.en, ...results.en, ...admin.en, ...redaction.en, ...privacy.en, ...roundtwo.en, ...register.en, ...campaigns.en, ...questionnaire.en, ...totals.en, ...plan.en, ...between.en, ...leader.en, ...shell.en, ...funnel.en, ...map.en };
