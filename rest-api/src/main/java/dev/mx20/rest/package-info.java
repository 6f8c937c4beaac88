/** The mx20 HTTP service: thin Quarkus resources over dsn-core and relay-core. */
package dev.mx20.rest;
