// Globals Material's bundle expects, normally set by an inline script that
// the Content-Security-Policy forbids. The scope is the site root, found from
// this file's own URL (assets/portal/md-globals.js), so it is right at a host
// root and under a sub-path alike.
/* eslint-disable no-var */
var __md_scope = new URL("../../", document.currentScript.src);
var __md_hash = function (value) {
  return [].reduce.call(value, function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
};
var __md_get = function (key, storage, scope) {
  storage = storage || localStorage;
  scope = scope || __md_scope;
  return JSON.parse(storage.getItem(scope.pathname + "." + key));
};
var __md_set = function (key, value, storage, scope) {
  storage = storage || localStorage;
  scope = scope || __md_scope;
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (error) {
    // Storage may be full or disabled; Material works without it.
  }
};
