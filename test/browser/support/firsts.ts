/**
 * Every browser world starts from an empty database: the first person is the admin set up through the
 * setup link, and the first site is the world's. Requests made through the API name them as the 責任者
 * (F2) and the site whose 甲 decides (F1).
 */
export const FIRST_ADMIN = 1;
export const FIRST_SITE = 1;
