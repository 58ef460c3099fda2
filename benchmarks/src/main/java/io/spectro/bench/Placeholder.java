package io.spectro.bench;

class Placeholder {}
