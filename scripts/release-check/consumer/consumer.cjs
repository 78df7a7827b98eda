// Runs in a fresh npm project outside the workspace, against the packed
// tarballs: every package's main and ./testing entry through `require`.
const { runChecks } = require('./consumer-checks.cjs');

const modules = {
  core: require('@int/core'),
  coreTesting: require('@int/core/testing'),
  fedex: require('@int/fedex'),
  fedexTesting: require('@int/fedex/testing'),
  hubspot: require('@int/hubspot'),
  hubspotTesting: require('@int/hubspot/testing'),
  mercadopago: require('@int/mercadopago'),
  mercadopagoTesting: require('@int/mercadopago/testing'),
  redis: require('@int/redis'),
  sqlite: require('@int/sqlite'),
  stripe: require('@int/stripe'),
  stripeTesting: require('@int/stripe/testing'),
  ups: require('@int/ups'),
  upsTesting: require('@int/ups/testing'),
  ioredis: require('ioredis'),
  msw: require('msw'),
};

runChecks(modules, 'cjs').then(
  (summary) => console.log(summary),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
