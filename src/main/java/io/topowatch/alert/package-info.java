/**
 * Phase-transition alerts and their delivery. The alert schema is fixed ({@code topics/topowatch.alerts.json});
 * detection (hysteresis and a change-point test on each trajectory) and subscriptions come with the
 * streaming-pipeline and dashboard work.
 */
package io.topowatch.alert;
