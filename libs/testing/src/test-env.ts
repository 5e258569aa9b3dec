/** Environment variables through which the global setup tells test workers where the database is. */
export const TEST_SERVER_URL = 'DIALLINK_TEST_SERVER_URL';
export const TEST_TEMPLATE_DB = 'DIALLINK_TEST_TEMPLATE_DB';
/** Roles are cluster-wide: each run provisions the services' roles under a prefix of its own. */
export const TEST_ROLE_PREFIX = 'DIALLINK_TEST_ROLE_PREFIX';
export const TEST_ROLE_PASSWORD = 'DIALLINK_TEST_ROLE_PASSWORD';
