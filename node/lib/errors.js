// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
'use strict';
// errors.js — node's internal error codes and argument validators as
// node:wasi uses them (same classes, codes and message shapes), written for
// wasmcell-wasi so that `assert.throws(..., { code })` tests written against
// node:wasi hold for the drop-in.

const { inspect } = require('node:util');

function coded(Base, code, message) {
  const err = new Base(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true,
                                       configurable: true });
  return err;
}

// node: a dotted name is a "property", anything else an "argument".
function kindOf(name) {
  return name.includes('.') ? 'property' : 'argument';
}

function shortInspect(value) {
  let s = inspect(value, { colors: false });
  if (s.length > 28) s = `${s.slice(0, 25)}...`;
  return s;
}

function received(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = value.constructor && value.constructor.name;
    return ctor ? ` Received an instance of ${ctor}` : ` Received ${shortInspect(value)}`;
  }
  return ` Received type ${typeof value} (${shortInspect(value)})`;
}

const CLASS_NAME = /^[A-Z]/;

// new ERR_INVALID_ARG_TYPE(name, expected, value) or, with a 4th argument,
// that exact message (node's C++ binding throws a few such).
function ERR_INVALID_ARG_TYPE(name, expected, value, message) {
  if (message === undefined) {
    const what = CLASS_NAME.test(expected) ? `an instance of ${expected}` : `of type ${expected}`;
    message = `The "${name}" ${kindOf(name)} must be ${what}.${received(value)}`;
  }
  return coded(TypeError, 'ERR_INVALID_ARG_TYPE', message);
}

function ERR_INVALID_ARG_VALUE(name, value, reason) {
  return coded(TypeError, 'ERR_INVALID_ARG_VALUE',
               `The ${kindOf(name)} '${name}' ${reason}. Received ${inspect(value)}`);
}

function ERR_OUT_OF_RANGE(name, range, value) {
  return coded(RangeError, 'ERR_OUT_OF_RANGE',
               `The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`);
}

function ERR_WASI_ALREADY_STARTED() {
  return coded(Error, 'ERR_WASI_ALREADY_STARTED', 'WASI instance has already started');
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw ERR_INVALID_ARG_TYPE(name, 'object', value);
}

function validateArray(value, name) {
  if (!Array.isArray(value)) throw ERR_INVALID_ARG_TYPE(name, 'Array', value);
}

function validateString(value, name) {
  if (typeof value !== 'string') throw ERR_INVALID_ARG_TYPE(name, 'string', value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw ERR_INVALID_ARG_TYPE(name, 'boolean', value);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw ERR_INVALID_ARG_TYPE(name, 'function', value);
}

function validateUndefined(value, name) {
  if (value !== undefined) {
    throw ERR_INVALID_ARG_TYPE(null, null, null,
                               `The "${name}" ${kindOf(name)} must be undefined.${received(value)}`);
  }
}

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== 'number') throw ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max) throw ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
}

module.exports = {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  ERR_OUT_OF_RANGE,
  ERR_WASI_ALREADY_STARTED,
  validateArray,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateObject,
  validateString,
  validateUndefined,
};
