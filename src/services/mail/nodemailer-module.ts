import {lazyModule} from '../platform/lazy-module';

/** nodemailer, loaded by the first message composed or sent. */
export const nodemailer = lazyModule(
  () => require('nodemailer') as typeof import('nodemailer'),
);
