/** Environment variables through which the global setup tells test workers where the database is. */
export const TEST_SERVER_URL = 'DIALLINK_TEST_SERVER_URL';
export const TEST_TEMPLATE_DB = 'DIALLINK_TEST_TEMPLATE_DB';
