package io.spectro;

class Placeholder {}
