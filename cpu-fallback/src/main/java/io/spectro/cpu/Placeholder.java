package io.spectro.cpu;

class Placeholder {}
