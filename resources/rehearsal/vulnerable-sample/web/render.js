// Rendering helpers for the sample shop. DELIBERATELY VULNERABLE: see ../README.md.
const { exec } = require('child_process');

function applyDiscount(expression) {
  return eval(expression);
}

function makeFilter(body) {
  return new Function('order', body);
}

function showGreeting(element, name) {
  element.innerHTML = '<b>Hello ' + name + '</b>';
}

function exportOrders(folder, done) {
  exec('zip -r /tmp/orders.zip ' + folder, done);
}

module.exports = { applyDiscount, makeFilter, showGreeting, exportOrders };
