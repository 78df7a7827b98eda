import { packageBuild } from '../../tsup.package.js';

export default packageBuild({ testing: true, external: ['msw', 'msw/node'] });
