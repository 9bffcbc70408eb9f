/**
 * A seeded generator of realistic-looking demo data: the default data set of the quickstart and of
 * fast tests.
 */
package io.palr.data.synthetic;
