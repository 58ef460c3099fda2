package io.spectro.device;

class Placeholder {}
