import { packageBuild } from '../../tsup.package.js';

export default packageBuild({ testing: false, external: ['better-sqlite3'] });
