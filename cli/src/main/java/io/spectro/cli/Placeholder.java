package io.spectro.cli;

class Placeholder {}
