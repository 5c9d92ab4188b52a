/** The YCLIENTS connector plugin (salon and service booking CRM): clients both ways, visits, payments, staff, services. */
package io.metaplatform.plugins.yclients;
