// Runs in a fresh npm project outside the workspace, against the packed
// tarballs: every package's main and ./testing entry through `import`.
import * as core from '@int/core';
import * as coreTesting from '@int/core/testing';
import * as fedex from '@int/fedex';
import * as fedexTesting from '@int/fedex/testing';
import * as hubspot from '@int/hubspot';
import * as hubspotTesting from '@int/hubspot/testing';
import * as mercadopago from '@int/mercadopago';
import * as mercadopagoTesting from '@int/mercadopago/testing';
import * as redis from '@int/redis';
import * as sqlite from '@int/sqlite';
import * as stripe from '@int/stripe';
import * as stripeTesting from '@int/stripe/testing';
import * as ups from '@int/ups';
import * as upsTesting from '@int/ups/testing';
import * as ioredis from 'ioredis';
import * as msw from 'msw';
import { runChecks } from './consumer-checks.cjs';

const modules = {
  core,
  coreTesting,
  fedex,
  fedexTesting,
  hubspot,
  hubspotTesting,
  mercadopago,
  mercadopagoTesting,
  redis,
  sqlite,
  stripe,
  stripeTesting,
  ups,
  upsTesting,
  ioredis,
  msw,
};
console.log(await runChecks(modules, 'esm'));
